// Tasks from a CSV file (a quoted comma, a blank line) and a reducer.
def out = new File(basedir, 'target/qmr/table')
assert new File(out, 'reduced.txt').text.trim() == 'sum=20 names=a|b, quoted|c|d'
def csv = new File(out, 'results.csv').readLines()
assert csv[0] == 'itask,name,x,result,status,error,seconds'
assert csv[2].startsWith('1,"b, quoted",2,4,ok,,')
assert csv.size() == 5
assert new File(out, 'provenance.json').text.contains('"reducer": "example.Sum"')
def log = new File(basedir, 'build.log').text
assert log.contains('Reduced: sum=20 names=a|b, quoted|c|d')
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0')
true
