// qmr:compare of two runs: the one changed value found and named, the build failed on it; with a tolerance it passed
def log = new File(basedir, 'build.log').text
assert log.contains('tasks paired by parameters') : log
assert log.contains('  value: 3 equal, 0 within the tolerance, 1 changed of 4; largest: itask 2 (x=3): 9.0 -> 10.0')
assert log.contains('the results drifted from ') && log.contains('value changed in 1 of 4 paired tasks (largest: itask 2 (x=3): 9.0 -> 10.0)')
assert log.contains('  value: 3 equal, 1 within the tolerance, 0 changed of 4')
def html = new File(basedir, 'target/qmr/sweep/compare.html').text
assert html.contains('<td>value</td><td>4</td><td>3</td><td>1</td><td>0</td>') : html
// the map of the second build read -Dqmr.compareWith too: its report.html shows the change (no tolerance of the map's
// own: shown, the build failed by qmr:compare alone)
def report = new File(basedir, 'target/qmr/sweep/report.html').text
assert report.contains('<section id="comparison">') : report
assert report.contains('<td>value</td><td>4</td><td>3</td><td>0</td><td>1</td>') : report
assert report.contains('<td>itask 2 (x=3): 9.0 -&gt; 10.0</td>') : report
true
