// The goal with only <function>, a sweep and <queue>sge</queue>: pull mode on the real SGE, nothing tuned.
def log = new File(basedir, 'build.log').text
assert log.contains('30 tasks in 30 chunks of up to 1 on the sge queue, pull mode: at most 100 workers claiming chunks')
assert log.contains('Tasks: 30, Succeeded: 30, Failed: 0')
def out = new File(basedir, 'target/qmr/sweep')
def csv = new File(out, 'results.csv').readLines()
assert csv.size() == 31
assert new File(out, 'provenance.json').text.contains('"mode": "pull"')
true
