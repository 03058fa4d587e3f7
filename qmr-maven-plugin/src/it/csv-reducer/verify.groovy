// Tasks from a CSV file (a quoted comma, a blank line) and a reducer.
def out = new File(basedir, 'target/qmr/table')
assert new groovy.json.JsonSlurper().parse(new File(out, 'reduced.json')).result == 'sum=20 names=a|b, quoted|c|d'
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,name,x,result,status,error,attempt,seconds,start,host,job,cpu_seconds,peak_mib,job_cpu_seconds,job_mem_mib'
assert csv[2].startsWith('1,"b, quoted",2,4,ok,,1,')
assert csv.size() == 5
assert new File(out, 'provenance.json').text.contains('"reducer": "example.Sum"')
def log = new File(basedir, 'build.log').text
assert log.contains('Reduced: sum=20 names=a|b, quoted|c|d')
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0')

// install carried the reduced output, typed: read it back with the runtime from the local repository
def repo = localRepositoryPath as File
def installed = new File(repo, 'io/github/qmr/it/csv-reducer/1.0/csv-reducer-1.0-table-reduced.qmr')
assert installed.isFile()
def jars = []
repo.eachFileRecurse { f -> if (f.name ==~ /(qmr-runtime|kryo|minlog|reflectasm|objenesis)-.*\.jar/) jars << f.toURI().toURL() }
def loader = new URLClassLoader(jars as URL[], ClassLoader.platformClassLoader)
def reducedFile = loader.loadClass('io.github.qmr.runtime.ReducedFile')
def value = reducedFile.getMethod('read', java.nio.file.Path, ClassLoader).invoke(null, installed.toPath(), loader)
assert value == 'sum=20 names=a|b, quoted|c|d'
true
