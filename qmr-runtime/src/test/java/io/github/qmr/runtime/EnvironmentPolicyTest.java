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
    void secretLookingNamesAreHeldBackInAnyCaseEachByName() {
        Map<String, String> env = new java.util.TreeMap<>(Map.of("github_token", "a", "MY_Token", "b",
                "MYSQL_PWD", "c", "SMTP_PASS", "d", "CI_JOB_JWT", "e", "SIGNING_KEY", "f", "NPM_AUTH", "g",
                "SENTRY_DSN", "https://k@sentry.example/1", "Aws_Secret_Access_Key", "h", "GH_CREDENTIALS", "i"));
        env.putAll(Map.of("GH_PAT", "j", "DB_PW", "k", "SLACK_WEBHOOK_URL", "https://hooks.example/T0/B0/x",
                "SONAR_LOGIN", "l", "KEY", "m"));
        env.put("LANG", "C.UTF-8");
        EnvironmentPolicy inherit = EnvironmentPolicy.inherit();
        for (String name : env.keySet()) {
            if (!name.equals("LANG")) {
                Map<String, String> one = Map.of(name, env.get(name), "LANG", "C.UTF-8");
                assertEquals(Map.of("LANG", "C.UTF-8"), inherit.resolve(one), name + " must not reach the launcher");
                assertEquals(List.of(name), inherit.withheldSecrets(one), name + " must be named as held back");
            }
        }
        assertEquals(Map.of("LANG", "C.UTF-8"), inherit.resolve(env));
    }

    @Test
    void aUrlWithAPasswordIsHeldBackWhateverItsNameButAUrlWithoutOneIsPassed() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://app:s3cr%40t@db.example:5432/prod",
                "MIRROR", "https://user@repo.example/maven", "HOMEPAGE", "https://example.org/a:b@c",
                "NOTES", "see mysql://root:hunter2@10.0.0.1/x for details");
        assertEquals(Map.of("MIRROR", "https://user@repo.example/maven", "HOMEPAGE", "https://example.org/a:b@c"),
                EnvironmentPolicy.inherit().resolve(env));
        assertEquals(List.of("DATABASE_URL", "NOTES"), EnvironmentPolicy.inherit().withheldSecrets(env));
    }

    @Test
    void aJdbcUrlWithAPasswordInItsQueryIsHeldBackAndNamesThatOnlyLookAlikePass() {
        Map<String, String> env = Map.of("JDBC", "jdbc:mysql://db.example/prod?user=app&password=hunter2",
                "MSSQL", "jdbc:sqlserver://db;user=app;password=x", "REPORT_URL", "https://example.org/?page=2",
                "PATH", "/bin", "LD_LIBRARY_PATH", "/lib", "LOGNAME", "me", "CLASSPATH", "/x.jar", "MONKEY", "y");
        assertEquals(List.of("JDBC", "MSSQL"), EnvironmentPolicy.inherit().withheldSecrets(env));
        assertEquals(Map.of("REPORT_URL", "https://example.org/?page=2", "PATH", "/bin", "LD_LIBRARY_PATH", "/lib",
                "LOGNAME", "me", "CLASSPATH", "/x.jar", "MONKEY", "y"), EnvironmentPolicy.inherit().resolve(env));
    }

    @Test
    void allowingStillPassesOneOnPurposeInItsExactSpelling() {
        Map<String, String> env = Map.of("github_token", "a", "DATABASE_URL", "postgres://u:p@db/x", "SMTP_PASS", "d");
        EnvironmentPolicy p = EnvironmentPolicy.inherit().allowing("github_token", "DATABASE_URL");
        assertEquals(Map.of("github_token", "a", "DATABASE_URL", "postgres://u:p@db/x"), p.resolve(env));
        assertEquals(List.of("SMTP_PASS"), p.withheldSecrets(env));
        assertEquals(List.of("github_token"), EnvironmentPolicy.inherit().allowing("GITHUB_TOKEN")
                .withheldSecrets(Map.of("github_token", "a")), "the allow-list names a variable as it is spelled");
    }

    @Test
    void denyAndAllowListsTakeGlobs() {
        assertEquals(Map.of("HOME", "/root"), EnvironmentPolicy.inherit().excluding("P*H").resolve(ENV));
        assertEquals(Map.of("PATH", "/bin", "DB_PASSWORD", "p"),
                EnvironmentPolicy.only("PATH", "DB_*").resolve(ENV));
        assertEquals(Map.of("X", "1"), EnvironmentPolicy.none().with("X", "1").resolve(ENV));
    }

    @Test
    void theSettingsOfTheGoalMakeThePolicyEachCheckedByName() {
        Map<String, String> set = new java.util.LinkedHashMap<>();
        set.put("OMP_NUM_THREADS", "1");
        set.put("EMPTY", null);
        EnvironmentPolicy policy = EnvironmentPolicy.of(List.of(" PATH", "GITHUB_*"), List.of("HOME"),
                List.of("*TOKEN*"), set);
        assertEquals(Map.of("PATH", "/bin", "GITHUB_TOKEN", "t", "OMP_NUM_THREADS", "1", "EMPTY", ""),
                policy.resolve(ENV));
        assertEquals(EnvironmentPolicy.inherit().resolve(ENV), EnvironmentPolicy.of(null, null, null, null)
                .resolve(ENV));
        SettingException pattern = org.junit.jupiter.api.Assertions.assertThrows(SettingException.class,
                () -> EnvironmentPolicy.of(null, List.of("AWS-KEY"), null, null));
        assertEquals("environmentDeny", pattern.setting());
        assertEquals("environmentDeny 'AWS-KEY' is not a variable name or pattern; write names such as PATH, or"
                + " patterns such as AWS_* or *TOKEN*", pattern.getMessage());
        SettingException name = org.junit.jupiter.api.Assertions.assertThrows(SettingException.class,
                () -> EnvironmentPolicy.of(null, null, null, Map.of("1X", "2")));
        assertEquals("environment has '1X', which is not a variable name; use letters, digits and _",
                name.getMessage());
    }
}
