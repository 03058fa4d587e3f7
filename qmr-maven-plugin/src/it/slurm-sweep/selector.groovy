// Runs only where a real Slurm answers (scripts/slurm.sh up); with -Dqmr.test.slurm=required (scripts/test.sh, CI) a
// missing Slurm is an error rather than a skip, as for the runtime's Slurm tests.
def reachable
try {
    def out = new StringBuilder(), err = new StringBuilder()
    def squeue = ['squeue', '-h'].execute()
    squeue.consumeProcessOutput(out, err)
    squeue.waitForOrKill(20000)
    reachable = squeue.exitValue() == 0
} catch (IOException e) {
    reachable = false
}
if (!reachable && System.getProperty('qmr.test.slurm') == 'required') {
    throw new IllegalStateException('the real Slurm is not reachable; start it with scripts/slurm.sh up, or run scripts/test.sh')
}
return reachable
