// Six builds of one project (invoker.properties): the map runs in the 1st, 3rd (forced) and 4th (changed class) only.
def log = new File(basedir, 'build.log').text
def runs = log.findAll(/Tasks: 4, Succeeded: 4, Failed: 0/)
assert runs.size() == 3 : "expected 3 runs of the map, found ${runs.size()}"
assert log.findAll(/up to date \(key [0-9a-f]{12}\): .* not run again\. -Dqmr\.force reruns it/).size() == 2
assert log.contains('running the map although its output may be up to date: <force> / -Dqmr.force')
assert log.contains('running the map: the inputs changed (key ')
assert log.contains('qmr:map is skipped (<skip> / -Dqmr.skip=true); attached the results of an earlier run: ')
// the last build installed, byte for byte, the results the 4th build made (changed function: 10 * 2^n)
def out = new File(basedir, 'target/qmr/sweep/results.qmr')
def installed = new File(localRepositoryPath, 'io/github/qmr/it/up-to-date/1.0/up-to-date-1.0-sweep.qmr')
assert installed.isFile()
assert installed.bytes == out.bytes
def csv = new File(basedir, 'target/qmr/sweep/results.csv').readLines()
assert csv[1].startsWith('0,2,1,20.0,ok,') : csv[1]
true
