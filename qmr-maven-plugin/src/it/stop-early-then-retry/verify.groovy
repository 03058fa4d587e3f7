// Run 1: n=3 fails, so the map stops early (its workers deleted, the rest not run) and the build fails.
// Run 2: the rerun retries the failed chunk, takes over the ones already done, and runs the rest.
def log = new File(basedir, 'build.log').text
assert log.contains('a task failed (chunk 2, itask 2: java.lang.IllegalStateException: a passing fault on n=3)')
assert log =~ /stopped early: 1 tasks failed, more than the 0 allowed \(maxFailedTasks\); deleted its \d+ queue-jobs?; \d+ chunks not run/
assert log =~ /resuming: \d+ of 20 chunks already done in \[qmr-[^\]]+\]; submitting the other \d+, of which 1 had failed tasks and run again/
assert log.contains('Tasks: 20, Succeeded: 20, Failed: 0')
def csv = new File(basedir, 'target/qmr/sweep/results.csv').readLines()
assert csv.size() == 21
assert csv[3].startsWith('2,3,9,ok,')
true
