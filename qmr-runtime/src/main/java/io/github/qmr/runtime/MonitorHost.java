package io.github.qmr.runtime;

/**
 * Where a submitted map's monitor runs ({@link Pool#submit(Class, java.util.List, MonitorHost)}): the process that
 * submits its queue-jobs, follows the queue and resubmits, outliving the JVM that submitted.
 */
public enum MonitorHost {
    /**
     * A process of its own on the submitting host (the default), started under {@code setsid}: no terminal, so the end
     * of the terminal, a dropped SSH connection (SIGHUP) and the logout do not reach it. The host must stay up and let
     * it live.
     */
    PROCESS,
    /**
     * A small long-running queue-job of its own, for sites that kill long processes on login nodes: its host must be
     * allowed to submit jobs. Not on the local queue, whose jobs end with the JVM that runs it.
     */
    JOB;

    /**
     * The setting as text (the goal's {@code detachAs}): {@code process} or {@code job}, in any case; null or blank is
     * the default, {@link #PROCESS}.
     *
     * @throws SettingException for any other text
     */
    public static MonitorHost fromText(String text) {
        if (text == null || text.isBlank()) {
            return PROCESS;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "process" -> PROCESS;
            case "job" -> JOB;
            default -> throw new SettingException("detachAs", "must be process or job, got "
                    + SettingException.quoted(text), "process (the default) keeps the monitor on this host, job makes"
                    + " it a queue-job of its own");
        };
    }
}
