// Four builds (invoker.properties): every task of the final sweep ran exactly once, counted by the tasks themselves.
import groovy.json.JsonSlurper

def calls = new File(basedir, 'target/calls.txt').readLines()
assert calls.size() == 16 : "16 tasks, each run once: ${calls}"
assert calls.toSet().size() == 16 : "no task ran twice: ${calls}"
// build 1 ran seeds 1..4, build 2 only 5..8
assert calls.take(8).every { it =~ /seed=[1-4]\b/ } : calls
assert calls.drop(8).every { it =~ /seed=[5-8]\b/ } : calls

def log = new File(basedir, 'build.log').text
def runs = log.findAll(/Tasks: \d+, Succeeded: \d+, Failed: 0/)
assert runs == ['Tasks: 8, Succeeded: 8, Failed: 0', 'Tasks: 16, Succeeded: 16, Failed: 0',
        'Tasks: 16, Succeeded: 16, Failed: 0'] : runs
// build 2: the grown sweep; build 3: the changed reducer
assert log.contains('16 tasks: 8 from kept results, 8 computed (results kept in ')
assert log.contains('16 tasks: 16 from kept results, 0 computed; no task was run, the outputs were written again')
// build 4: an edit of a class the function does not reach, compiled, and the map up to date
def unrelated = new File(basedir, 'target/classes/example/Unrelated.class').getText('ISO-8859-1')
assert unrelated.contains('two') && !unrelated.contains('one') : 'the edited Unrelated was compiled'
def upToDate = log.findAll(/up to date \(key [0-9a-f]{12}\)/)
assert upToDate.size() == 1 : upToDate

def out = new File(basedir, 'target/qmr/sweep')
def reduced = new JsonSlurper().parse(new File(out, 'reduced.json'))
// sum of x * seed over x = 1, 2 and seeds 1..8: 3 * 36; the count only the changed reducer gives
assert reduced.result.sum == 108 && reduced.result.count == 16 : reduced
def csv = new File(out, 'results.csv').readLines()
assert csv.size() == 17
// in the sweep's order: x slowest, seed fastest, old and new seeds interleaved
assert csv[1].startsWith('0,1,1,1,ok,') && csv[5].startsWith('4,1,5,5,ok,') && csv[16].startsWith('15,2,8,16,ok,') : csv
def run = new JsonSlurper().parse(new File(out, 'run.json'))
assert run.kept.tasks == 16 : run.kept
def provenance = new JsonSlurper().parse(new File(out, 'provenance.json'))
assert provenance.run.fromKeptResults == 16
true
