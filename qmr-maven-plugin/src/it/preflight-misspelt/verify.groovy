// A misspelt parameter fails in the pre-flight check, with the task's message and parameters, and no job exists:
// the fake Grid Engine's state lists no job and no session folder was made.
def log = new File(basedir, 'build.log').text
assert log.contains("pre-flight: task 0 (beta=0.1, seed=1) failed in the pre-flight check on this machine, before"
        + " anything was submitted: java.lang.IllegalArgumentException: this task has no parameter 'betta'")
assert log.contains('Fix the function and rerun; nothing was submitted.')
assert !log.contains('Tasks: ')
def work = new File(basedir, 'target/qmr-work')
def state = new File(work, 'dummy-sge/dummy-queue.state')
assert state.isFile() : 'the fake Grid Engine was installed'
assert !state.readLines().any { it.startsWith('job ') || it.startsWith('done ') } : state.text
assert !work.listFiles().any { it.name.startsWith('qmr-') }
true
