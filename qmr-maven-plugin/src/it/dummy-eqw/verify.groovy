// The fake Grid Engine sent chunk 1's array task to Eqw once: deleted, resubmitted, and the map still succeeds.
def log = new File(basedir, 'build.log').text
assert log.contains('<queue>dummy</queue>: the fake Grid Engine in ')
assert log.contains("was in error state 'Eqw'")
assert log.contains('resubmitted as queue-job')
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0 (of 2 chunks on the sge queue')
def csv = new File(basedir, 'target/qmr/fake-grid/results.csv').readLines()
assert csv[4].startsWith('3,2,4,16.0,ok,,')
assert new File(basedir, 'target/qmr/fake-grid/provenance.json').text.contains('"name": "sge"')
true
