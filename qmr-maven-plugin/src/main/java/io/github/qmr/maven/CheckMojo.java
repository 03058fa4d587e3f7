package io.github.qmr.maven;

import io.github.qmr.runtime.queue.BatchQueue;
import io.github.qmr.runtime.queue.QueueException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks the parameters of {@code qmr:map} without running anything: the same checks {@code map} makes before it
 * submits (parameters, the queue with what {@code auto} resolves to, its programs and resources, the tasks file and
 * its rows), that the function, task source and reducer classes exist (compiled, or as sources not yet compiled), and a
 * warning for each {@code -Dqmr.*} property that the POM's configuration overrides or that no goal reads. It binds to {@code validate}, so a
 * mistake (an unknown queue, a sweep {@code 1..}) fails the build before compiling and testing, not at
 * integration-test. Put it in the same execution as {@code map} to check that execution's configuration:
 *
 * <pre>{@code
 * <execution><id>sweep</id><goals><goal>check</goal><goal>map</goal></goals><configuration>...</configuration>
 * </execution>
 * }</pre>
 *
 * Takes every parameter of {@code qmr:map}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, requiresDependencyResolution = ResolutionScope.NONE,
        threadSafe = true)
public class CheckMojo extends MapMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (isSkipped()) {
            getLog().info("qmr:check is skipped (<skip> / -Dqmr.skip=true)");
            return;
        }
        try {
            MapGoal goal = checkedGoal();
            String queue = checkQueue(goal);
            if (goal.tasks().tasksFile() != null) {
                goal.tasks().readTasksFile(); // every row, as the map reads them
            }
            MojoChecks.checkClassesFound(project(), goal);
            getLog().info("qmr:check: the configuration of '" + goal.executionId() + "' is valid (function "
                    + goal.function() + ", queue " + queue + ")");
        } catch (ConfigurationException e) {
            throw new MojoFailureException(e.getMessage() + hint(e), e);
        }
    }

    /**
     * The queue as the map builds it (what {@code auto} resolves to and why, the resources it takes), and its
     * programs, checked as the map checks them before submitting. Returns the queue's name.
     */
    private String checkQueue(MapGoal goal) throws ConfigurationException {
        if (goal.queue().queue().equals("dummy")) {
            return "dummy"; // installed by the map itself, in the work dir
        }
        BatchQueue queue = goal.queue().queue(goal.jobRequest(), goal.workDir(), BuildLog.of(getLog()));
        try (queue) {
            queue.check();
        } catch (QueueException e) {
            throw new ConfigurationException("queue", e.getMessage(), e);
        }
        return queue.name();
    }
}
