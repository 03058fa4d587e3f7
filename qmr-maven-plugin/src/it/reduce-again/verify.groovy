// qmr:reduce with the fixed reducer and qmr:report read the map's results.qmr again; no task ran a second time.
import groovy.json.JsonSlurper

def out = new File(basedir, 'target/qmr/sweep')
def calls = new File(basedir, 'target/calls.txt').readLines()
assert calls.size() == 6 : "the function ran only in the map: ${calls}"

def reduced = new JsonSlurper().parse(new File(out, 'reduced.json'))
assert reduced.tasks == 6
def rows = new File(out, 'results.jsonl').readLines().collect { new JsonSlurper().parseText(it) }
assert rows.size() == 6
def mean = rows.collect { it.finalSize }.sum() / 6.0
assert Math.abs(reduced.meanFinalSize - mean) < 1e-9 : "the fixed reducer's mean ${reduced.meanFinalSize}, not the buggy sum"
assert rows[0].keySet().containsAll(['beta', 'seed', 'peakInfected', 'dayOfPeak', 'finalSize', 'status', 'attempt'])
assert rows[0].beta instanceof Number && rows[0].peakInfected instanceof Number

def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,beta,seed,peakInfected,dayOfPeak,finalSize,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
def html = new File(out, 'report.html').text
assert html.contains('<figure class="plot" data-y="finalSize" data-x="beta">')
assert new File(out, 'run.json').text.contains('"chunks": 2')

def log = new File(basedir, 'build.log').text
assert log.contains('Reduced 6 results of ')
assert log.contains('with example.Mean; no task was run')
assert log.contains('attached ') && log.contains('with classifier sweep-reduced')
assert log.contains('6 tasks, 0 failed; no task was run')
true
