// A sweep given on the command line, run on the real Slurm named by <queue>slurm</queue>.
def log = new File(basedir, 'build.log').text
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0 (of 2 chunks on the slurm queue')
def out = new File(basedir, 'target/qmr/grid')
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,base,exponent,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
assert csv[4].startsWith('3,3,2,9.0,ok,,1,')
// each task names the queue-job it ran in, as the queue's own variables told the worker
def rows = new File(out, 'results.jsonl').readLines().collect { new groovy.json.JsonSlurper().parseText(it) }
assert rows.every { it.job ==~ /[0-9]+([._][0-9]+)?/ && it.host } : rows
assert new File(out, 'report.html').text.contains('<figure class="plot timeline">')
def provenance = new File(out, 'provenance.json').text
assert provenance.contains('"name": "slurm"')
assert provenance.contains('"mem": "1G"')
// -Dqmr.walltime reached Slurm as --time beside <resources>' mem: scontrol keeps the job's record after it ended
assert provenance.contains('"walltime": "PT10M"')
def record = ['scontrol', 'show', 'job', rows[0].job].execute().text
assert record.contains('TimeLimit=00:10:00') && record.contains('MinMemoryNode=1G') : record
true
