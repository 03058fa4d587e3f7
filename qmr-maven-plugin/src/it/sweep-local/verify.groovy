// A sweep and a task source on the local queue: every output file, the summary, and the attached results.
def out = new File(basedir, 'target/qmr/sweep')
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,base,exponent,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
assert csv.size() == 7 // base 0.0, 0.5, 1.0 times exponent 1, 2
assert csv[1].startsWith('0,0.0,1,0.0,ok,,1,')
assert csv[4].startsWith('3,0.5,2,0.25,ok,,1,')
assert csv[6].startsWith('5,1.0,2,1.0,ok,,1,')
assert new File(out, 'results.qmr').isFile()
def jsonl = new File(out, 'results.jsonl').readLines().collect { new groovy.json.JsonSlurper().parseText(it) }
assert jsonl.size() == 6
assert jsonl[3].base == 0.5 && jsonl[3].exponent == 2 && jsonl[3].result == 0.25 && jsonl[3].status == 'ok'
def html = new File(out, 'report.html').text
assert html.startsWith('<!DOCTYPE html>')
assert html.contains('<figure class="plot" data-y="result" data-x="base">')
assert !html.contains('src="http') && !html.contains('href="http') // self-contained
assert new File(out, 'run.json').isFile()

def report = new File(out, 'TEST-qmr.sweep.xml').text
assert report.contains('tests="6" failures="0" errors="0"')
assert report.contains('<testcase name="[3] base=0.5, exponent=2" classname="example.Power"')

def provenance = new File(out, 'provenance.json').text
assert provenance.contains('"qmrVersion": "')
assert provenance.contains('"function": "example.Power"')
assert provenance.contains('"tasks": "sweep base=0..1:0.5;exponent=1..2"')
assert provenance.contains('"sha256": "')
// a default run records the settings it ran with, resolved for the queue, not nulls
assert provenance =~ /"maxWorkers": [1-9][0-9]*,/
assert provenance.contains('"workerTimeBudget": "PT10M"')
assert provenance.contains('"maxResubmissions": 10,')

// the classpath is staged by content and the session folder removed after full success
def staged = new File(basedir, 'target/qmr-work/classpath').listFiles().findAll { it.name ==~ /[0-9a-f]{64}\.jar/ }
assert staged.size() >= 6 // qmr-runtime, kryo and its three dependencies, target/classes
assert new File(basedir, 'target/qmr-work').listFiles().findAll { it.name.startsWith('qmr-') }.isEmpty()

def points = new File(basedir, 'target/qmr/points/results.csv').readLines()
assert points[0] == 'itask,x,y,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib' // a record task: its components
assert points[1].startsWith('0,3.0,4.0,5.0,ok,,1,')
assert points.size() == 4

def log = new File(basedir, 'build.log').text
assert log.contains('Tasks: 6, Succeeded: 6, Failed: 0 (of 2 chunks on the local queue')
assert log.contains('Tasks: 3, Succeeded: 3, Failed: 0 (of 2 chunks on the local queue')
assert log.contains('chunks: 2/2 done')

// install carried the results with the execution id as classifier
def repo = new File(localRepositoryPath, 'io/github/qmr/it/sweep-local/1.0')
assert new File(repo, 'sweep-local-1.0-sweep.qmr').isFile()
assert new File(repo, 'sweep-local-1.0-points.qmr').isFile()
true
