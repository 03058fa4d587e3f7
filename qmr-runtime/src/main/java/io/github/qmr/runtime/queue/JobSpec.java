package io.github.qmr.runtime.queue;

import java.nio.file.Path;
import java.util.List;

/**
 * One queue-job to submit: run {@code /bin/sh script args...} with stdout and stderr appended to the given files.
 *
 * @param name job name, only characters {@code [A-Za-z0-9_.#-]}, starting with a letter
 * @param script the launcher script
 * @param args its arguments
 * @param stdout file receiving stdout
 * @param stderr file receiving stderr
 * @param workingDir the job's working directory
 * @param request what this job asks for beyond the site options (an escalated attempt); {@link Request#SITE} for none
 */
public record JobSpec(String name, Path script, List<String> args, Path stdout, Path stderr, Path workingDir,
        Request request) {
    /** A job with the site options' requests. */
    public JobSpec(String name, Path script, List<String> args, Path stdout, Path stderr, Path workingDir) {
        this(name, script, args, stdout, stderr, workingDir, Request.SITE);
    }

    public JobSpec {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.#-]*")) {
            throw new IllegalArgumentException("job name '" + name + "' has characters a queue may reject");
        }
        args = List.copyOf(args);
        request = request == null ? Request.SITE : request;
    }
}
