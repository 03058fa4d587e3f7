// A sweep given on the command line, run on the real SGE that <queue>auto</queue> finds through qsub on PATH.
def log = new File(basedir, 'build.log').text
assert log.contains('<queue>auto</queue>: using SGE, qsub is ')
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0 (of 2 chunks on the sge queue')
def out = new File(basedir, 'target/qmr/grid')
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,base,exponent,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
assert csv[4].startsWith('3,3,2,9.0,ok,,1,')
// each task names the queue-job it ran in, as the queue's own variables told the worker
def rows = new File(out, 'results.jsonl').readLines().collect { new groovy.json.JsonSlurper().parseText(it) }
assert rows.every { it.job ==~ /[0-9]+([._][0-9]+)?/ && it.host } : rows
assert new File(out, 'report.html').text.contains('<figure class="plot timeline">')
def provenance = new File(out, 'provenance.json').text
assert provenance.contains('"name": "sge"')
assert provenance.contains('"h_vmem": "1G"')
// -Dqmr.walltime reached SGE as h_rt beside <resources>' h_vmem: qacct's category holds the job's hard requests
assert provenance.contains('"walltime": "PT10M"')
def number = rows[0].job.tokenize('.')[0]
def record = ''
for (int i = 0; i < 60 && !(record.contains('h_rt=600') && record.contains('h_vmem=1G')); i++) {
    record = ['qacct', '-j', number].execute().text  // accounting is written about a second after the job ends
    if (!record.contains('h_rt=600')) { Thread.sleep(500) }
}
assert record.contains('h_rt=600') && record.contains('h_vmem=1G') : record
true
