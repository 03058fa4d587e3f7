// Runs only where a real SGE answers (scripts/sge.sh up); with -Dqmr.test.sge=required (scripts/test.sh, CI) a
// missing SGE is an error rather than a skip, as for the runtime's SGE tests.
def reachable
try {
    def out = new StringBuilder(), err = new StringBuilder()
    def qstat = ['qstat', '-xml'].execute()
    qstat.consumeProcessOutput(out, err)
    qstat.waitForOrKill(20000)
    reachable = qstat.exitValue() == 0
} catch (IOException e) {
    reachable = false
}
if (!reachable && System.getProperty('qmr.test.sge') == 'required') {
    throw new IllegalStateException('the real SGE is not reachable; start it with scripts/sge.sh up, or run scripts/test.sh')
}
return reachable
