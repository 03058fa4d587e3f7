// The fake Grid Engine sent chunk 1's array task to Eqw once: deleted, resubmitted, and the map still succeeds.
def log = new File(basedir, 'build.log').text
assert log.contains('<queue>dummy</queue>: the fake Grid Engine in ')
assert log.contains("was in error state 'Eqw'")
assert log.contains('resubmitted as queue-job')
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0 (of 2 chunks on the sge queue')
def csv = new File(basedir, 'target/qmr/fake-grid/results.csv').readLines()
assert csv[4].startsWith('3,2,4,16.0,ok,,')
assert new File(basedir, 'target/qmr/fake-grid/provenance.json').text.contains('"name": "sge"')
// chunk 1 passed on its second attempt: a flaky pass in the JUnit XML, attempt 2 in the table
def junit = new File(basedir, 'target/qmr/fake-grid/TEST-qmr.fake-grid.xml').text
assert junit.contains('<flakyFailure')
def rows = new File(basedir, 'target/qmr/fake-grid/results.csv').readLines()
def header = rows[0].split(',') as List
def attempt = header.indexOf('attempt')
assert attempt > 0
assert rows[3].split(',')[attempt] == '2' && rows[4].split(',')[attempt] == '2'
assert rows[1].split(',')[attempt] == '1'
true
