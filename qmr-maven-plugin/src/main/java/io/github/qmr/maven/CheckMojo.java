package io.github.qmr.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks the parameters of {@code qmr:map} without running anything: the same checks {@code map} makes first, and a
 * warning for each {@code -Dqmr.*} property the POM's configuration overrides. It binds to {@code validate}, so a
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
            MapRequest request = checkedRequest();
            getLog().info("qmr:check: the configuration of '" + request.executionId + "' is valid (function "
                    + request.function.strip() + ", queue " + request.queue + ")");
        } catch (ConfigurationException e) {
            throw new MojoFailureException(e.getMessage() + hint(e), e);
        }
    }
}
