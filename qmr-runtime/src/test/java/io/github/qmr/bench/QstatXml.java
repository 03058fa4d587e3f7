package io.github.qmr.bench;

/** A {@code qstat -xml} listing as SGE 8.1.9 prints it (see src/test/resources/sge), of any number of jobs. */
final class QstatXml {
    private QstatXml() {}

    /** {@code running} running array tasks and {@code pending} pending single jobs, every tenth in Eqw. */
    static String listing(int running, int pending) {
        StringBuilder s = new StringBuilder(400 * (running + pending) + 300);
        s.append("<?xml version='1.0'?>\n<job_info  xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/dist/")
                .append("util/resources/schemas/qstat/qstat.xsd\">\n  <queue_info>\n");
        for (int i = 0; i < running; i++) {
            s.append("    <job_list state=\"running\">\n      <JB_job_number>").append(1000 + i / 100)
                    .append("</JB_job_number>\n      <JAT_prio>0.50000</JAT_prio>\n      <JB_name>qmr-20261125T162427Z-")
                    .append("3f9a#000000000-000000099</JB_name>\n      <JB_owner>root</JB_owner>\n      <state>r</state>\n")
                    .append("      <JAT_start_time>2026-11-25T17:19:17</JAT_start_time>\n      <queue_name>all.q@vm")
                    .append("</queue_name>\n      <slots>1</slots>\n      <tasks>").append(i % 100 + 1)
                    .append("</tasks>\n    </job_list>\n");
        }
        s.append("  </queue_info>\n  <job_info>\n");
        for (int i = 0; i < pending; i++) {
            s.append("    <job_list state=\"pending\">\n      <JB_job_number>").append(100_000 + i)
                    .append("</JB_job_number>\n      <JAT_prio>0.50000</JAT_prio>\n      <JB_name>qmr-20261125T162427Z-")
                    .append("3f9a#").append(String.format("%09d", i)).append("</JB_name>\n      <JB_owner>root</JB_owner>\n")
                    .append("      <state>").append(i % 10 == 0 ? "Eqw" : "qw").append("</state>\n")
                    .append("      <JB_submission_time>2026-11-25T17:19:05</JB_submission_time>\n      <queue_name>")
                    .append("</queue_name>\n      <slots>1</slots>\n    </job_list>\n");
        }
        s.append("  </job_info>\n</job_info>\n");
        return s.toString();
    }
}
