// The workers load the project's versions of the libraries it pins, not the plugin's (commons-io 2.20.0, Jackson
// 2.20.1, commons-csv 1.14.1); only qmr-runtime and Kryo come from the plugin. Read from inside each worker.
def out = new File(basedir, 'target/qmr/versions')
def csv = new File(out, 'results.csv').readLines()
assert csv[0].startsWith('itask,library,result,status')
assert csv[1].startsWith('0,commons-io,2.11.0,ok,')
assert csv[2].startsWith('1,jackson-databind,2.13.5,ok,')
assert csv[3].startsWith('2,commons-csv,1.9.0,ok,')
assert csv[4].startsWith('3,kryo,5.6.2,ok,')

// provenance lists exactly the jars the workers load, each with its hash
def provenance = new groovy.json.JsonSlurper().parse(new File(out, 'provenance.json'))
def sources = provenance.classpath.collect { new File(it.source).name }
assert sources.contains('commons-io-2.11.0.jar') && sources.contains('jackson-databind-2.13.5.jar')
assert sources.contains('commons-csv-1.9.0.jar') && sources.contains('kryo-5.6.2.jar')
assert sources.any { it.startsWith('qmr-runtime-') }
assert !sources.any { it.contains('2.20.') || it.contains('1.14.1') || it.startsWith('qmr-maven-plugin') || it.startsWith('qmr-dummy-sge') } : sources
assert provenance.classpath.every { it.sha256 ==~ /[0-9a-f]{64}/ }
def staged = new File(basedir, 'target/qmr-work/classpath').listFiles().findAll { it.name ==~ /[0-9a-f]{64}\.jar/ }
assert staged.size() == provenance.classpath.size()

def log = new File(basedir, 'build.log').text
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0')
