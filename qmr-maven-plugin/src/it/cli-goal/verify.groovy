// mvn qmr:map with -Dqmr.* properties only: the execution id is default-cli; list and map properties arrive.
def out = new File(basedir, 'target/qmr/default-cli')
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,n,result,status,error,attempt,seconds,start,host,job'
assert csv.size() == 4
assert csv[2].startsWith('1,2,hello 2 ')
assert csv[2].contains('-Xmx200m -XX:+UseSerialGC')
def provenance = new File(out, 'provenance.json').text
assert provenance.contains('"jvmOptions": [\n    "-Xmx200m",\n    "-XX:+UseSerialGC"\n  ]')
def log = new File(basedir, 'build.log').text
assert log.contains("qmr map 'default-cli': example.Env")
assert log.contains('qmr:map')
assert log.contains('This plugin has 4 goals:')
true
