// mvn qmr:map with -Dqmr.* properties only: the execution id is default-cli; list and map properties arrive.
def out = new File(basedir, 'target/qmr/default-cli')
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,n,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
assert csv.size() == 4
assert csv[2].startsWith('1,2,hello 2 ')
assert csv[2].contains('-Xmx200m -XX:+UseSerialGC')
def provenance = new File(out, 'provenance.json').text
// what the POM said, and what the workers ran with (the runtime may add the class-data archive)
assert provenance.contains('"jvmOptionsConfigured": [\n    "-Xmx200m",\n    "-XX:+UseSerialGC"\n  ]')
assert provenance.contains('"jvmOptions": [\n    "-Xmx200m",\n    "-XX:+UseSerialGC"')
def log = new File(basedir, 'build.log').text
assert log.contains("qmr map 'default-cli': example.Env")
assert log.contains('qmr:map')
assert log.contains('This plugin has 9 goals:')
['cancel', 'check', 'compare', 'help', 'map', 'reduce', 'report', 'site-report', 'status'].each {
    assert log.contains("\nqmr:${it}\n") : "qmr:help lists qmr:${it}"
}
true
