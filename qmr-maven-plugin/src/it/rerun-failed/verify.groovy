// Two builds (invoker.properties): the fixed function ran only for the two tasks that had failed.
import groovy.json.JsonSlurper

def calls = new File(basedir, 'target/calls.txt').readLines()
assert calls.size() == 8 : "6 tasks, then the 2 failed ones: ${calls}"
assert calls.drop(6).collect { (it =~ /seed=(\d+)/)[0][1] } as Set == ['3', '6'] as Set : calls

def log = new File(basedir, 'build.log').text
assert log.contains('Tasks: 6, Succeeded: 4, Failed: 2')
assert log.contains('6 tasks: 4 from kept results, 2 computed (results kept in ')
assert log.contains('4 of the kept results were computed by an earlier version of the function or its classes'
        + ' (-Dqmr.rerun=failed); a run without it computes them again')
assert log.contains('Tasks: 6, Succeeded: 6, Failed: 0')

def out = new File(basedir, 'target/qmr/sweep')
def rows = new File(out, 'results.jsonl').readLines().collect { new JsonSlurper().parseText(it) }
assert rows.collect { it.status } == ['ok'] * 6 : rows
def run = new JsonSlurper().parse(new File(out, 'run.json'))
assert run.kept.tasks == 4 && run.kept.fromEarlierFunction == 4 : run.kept
true
