package io.github.qmr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentPolicyTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/bin", "HOME", "/root", "JOB_ID", "7",
            "SGE_TASK_ID", "3", "PWD", "/x", "GITHUB_TOKEN", "t", "AWS_SECRET_ACCESS_KEY", "s", "DB_PASSWORD", "p",
            "MY_API_KEY", "k", "BASH_FUNC_f%%", "() { :; }");

    @Test
    void inheritPassesAllButQueueOwnedSecretLookingAndInvalidNames() {
        assertEquals(Map.of("PATH", "/bin", "HOME", "/root"), EnvironmentPolicy.inherit().resolve(ENV));
        assertEquals(List.of("AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "MY_API_KEY"),
                EnvironmentPolicy.inherit().withheldSecrets(ENV));
    }

    @Test
    void aSecretLookingNameCanBePassedOnPurpose() {
        EnvironmentPolicy p = EnvironmentPolicy.inherit().allowing("GITHUB_*");
        assertEquals(Map.of("PATH", "/bin", "HOME", "/root", "GITHUB_TOKEN", "t"), p.resolve(ENV));
        assertEquals(List.of("AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "MY_API_KEY"), p.withheldSecrets(ENV));
    }

    @Test
    void denyAndAllowListsTakeGlobs() {
        assertEquals(Map.of("HOME", "/root"), EnvironmentPolicy.inherit().excluding("P*H").resolve(ENV));
        assertEquals(Map.of("PATH", "/bin", "DB_PASSWORD", "p"),
                EnvironmentPolicy.only("PATH", "DB_*").resolve(ENV));
        assertEquals(Map.of("X", "1"), EnvironmentPolicy.none().with("X", "1").resolve(ENV));
    }
}
