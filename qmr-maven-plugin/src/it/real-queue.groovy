// Whether the real queue named by `queue` ('sge' or 'slurm') answers, for the selectors of the ITs that need one
// (evaluated by them with their binding). With -Dqmr.test.<queue>=required (scripts/test.sh, CI) a missing queue is
// an error rather than a skip, as for the runtime's tests.
def name = queue == 'sge' ? 'SGE' : 'Slurm'
def reachable
try {
    def out = new StringBuilder(), err = new StringBuilder()
    def probe = (queue == 'sge' ? ['qstat', '-xml'] : ['squeue', '-h']).execute()
    probe.consumeProcessOutput(out, err)
    probe.waitForOrKill(20000)
    reachable = probe.exitValue() == 0
} catch (IOException e) {
    reachable = false
}
if (!reachable && System.getProperty("qmr.test.$queue") == 'required') {
    throw new IllegalStateException("the real $name is not reachable; start it with scripts/${queue}.sh up, or run scripts/test.sh")
}
return reachable
