// A task that throws and a worker that dies fail the build, with the failures in the log and the report. Both
// chunks always run: sporadic failures do not stop a map (only a systematic one, or <failFast>, does), so the counts
// do not depend on which chunk a worker claims first.
def log = new File(basedir, 'build.log').text
assert log.contains('Tasks: 4, Succeeded: 1, Failed: 3 (of 2 chunks on the local queue')
assert !log.contains('Not run')
assert !log.contains('stopped early')
assert log.contains('itask 1 (n=2), chunk 0: java.lang.IllegalStateException: n is 2, which this function refuses')
assert log.contains('----- stack trace of itask 1 (n=2), chunk 0')
assert log.contains('at example.FailSome.apply(FailSome.java:')
assert log.contains('----- stderr of chunk 1 (')
assert log.contains('worker about to exit on n=4')
assert log.contains('----- end of stderr of chunk 1 -----')
assert log.contains('3 of 4 tasks failed; the failures are listed above')
assert log.contains('set <maxFailedTasks> (-Dqmr.maxFailedTasks) to accept failed tasks')

def out = new File(basedir, 'target/qmr/fails')
def report = new File(out, 'TEST-qmr.fails.xml').text
assert report.contains('tests="4" failures="1" errors="2" skipped="0"')
assert report.contains('<failure type="java.lang.IllegalStateException" message="n is 2, which this function refuses">')
assert report.contains('<error type="chunk-failed"')
def csv = new File(out, 'results.csv').readLines()
assert csv[1].startsWith('0,1,1,ok,,1,')
assert csv[2].startsWith('1,2,,failed,"java.lang.IllegalStateException: n is 2, which this function refuses",1,')
assert csv[4].startsWith('3,4,,chunk-failed,')
// the report shows the failures first, grouped, with the task's parameters
def html = new File(out, 'report.html').text
assert html.indexOf('id="failures"') < html.indexOf('id="plots"')
assert html.contains('<code>java.lang.IllegalStateException</code> n is 2, which this function refuses')
assert html.contains('itask 1 (n=2)')
assert html.contains('<tr><th>not run</th><td><span class="good">0</span></td></tr>')
assert new File(out, 'results.jsonl').readLines().size() == 4
// the session folder is kept for inspection
assert new File(basedir, 'target/qmr-work').listFiles().any { it.name.startsWith('qmr-') }
true
