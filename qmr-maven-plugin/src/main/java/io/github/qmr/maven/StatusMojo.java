package io.github.qmr.maven;

import io.github.qmr.runtime.SessionStatus;
import java.io.File;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Where the maps of this work dir stand, read from the work dir alone (no queue call): for each session, its chunks
 * done, with failed tasks, being run and waiting, the time left at the pace so far, and which process runs it (or
 * that none does, and a run of the same map resumes it). For a map running in another terminal or on another host.
 *
 * <pre>{@code mvn qmr:status}</pre>
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractMojo {
    /**
     * The work dir of the maps, as given to {@code qmr:map}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "qmr.workDir", defaultValue = "${project.build.directory}/qmr-work")
    private File workDir;

    @Override
    public void execute() throws MojoExecutionException {
        List<SessionStatus> sessions;
        try {
            sessions = SessionStatus.in(workDir.toPath());
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        if (sessions.isEmpty()) {
            getLog().info("no session in " + workDir + ": no map is running there, and none was stopped before its"
                    + " end (a completed map's session is removed; its outputs are in target/qmr/<execution id>)");
            return;
        }
        Instant now = Instant.now();
        for (SessionStatus s : sessions) {
            getLog().info(s.describe(now));
        }
    }
}
