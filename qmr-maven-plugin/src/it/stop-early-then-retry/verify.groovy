// Run 1: n=3 fails and <failFast> stops the map there (its worker deleted, the rest not run) and the build fails;
// n=1, 2 are done, n=3 failed, the other 17 are counted as not run, not as failed.
// Run 2: the rerun takes the results of the 2 tasks done (kept in the output folder), and runs the failed task and
// the 17 not run, in 18 chunks.
def log = new File(basedir, 'build.log').text
assert log.contains('a task failed (chunk 2, itask 2 (n=3): java.lang.IllegalStateException: a passing fault on n=3)')
assert log =~ /stopped early, as a task failed, and the map stops at its first failed task; deleted its \d+ queue-jobs?; 17 tasks in 17 chunks not run/
assert log.contains('Tasks: 20, Succeeded: 2, Failed: 1, Not run: 17 (of 20 chunks on the local queue')
assert log.contains('17 tasks not run: the map stopped early, as a task failed, and the map stops at its first failed task')
assert log.contains('1 of 20 tasks failed and 17 were not run (the map stopped early, as a task failed, and the map'
        + ' stops at its first failed task); the failures are listed above')
assert log.contains('without <failFast> (-Dqmr.failFast) the map runs on after a failed task')
assert log.contains('20 tasks: 2 from kept results, 18 computed (results kept in ')
assert log.contains('Tasks: 20, Succeeded: 20, Failed: 0 (of 18 chunks')
def csv = new File(basedir, 'target/qmr/sweep/results.csv').readLines()
assert csv.size() == 21
assert csv[3].startsWith('2,3,9,ok,')
true
