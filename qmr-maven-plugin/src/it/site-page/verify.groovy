// mvn verify site: the maps ran once, in verify; the site has the qmr index, a page per execution with its counts and
// failures by cause, and a relative link to its report.html copied into the site.
def site = new File(basedir, 'target/site')
def index = new File(site, 'qmr.html')
assert index.isFile()
def html = index.text
def row = { String id -> (html =~ /(?s)<tr class="[ab]">\s*<td><a href="([^"]+)">${id}<\/a><\/td>(.*?)<\/tr>/) }
def cells = { String body -> (body =~ /<td>(.*?)<\/td>/).collect { it[1] } }

def cubes = row('cubes')
assert cubes.find(), html
assert cubes[0][1] == 'qmr-cubes.html'
def c = cells(cubes[0][2])
assert c[0..3] == ['6', '5', '1', '0'] // tasks, succeeded, failed, not run
assert c[4] ==~ /\d+\.\d s/ // wall time
assert c[5].startsWith('local')
assert c[6] == '<a href="qmr/cubes/report.html">report.html</a>'
def small = row('small')
assert small.find(), html
assert cells(small[0][2])[0..3] == ['3', '3', '0', '0']

def page = new File(site, 'qmr-cubes.html').text
assert page.contains('<h1>qmr: cubes had failures</h1>'), page
assert page.contains('<th>tasks</th>\n<td>6</td>')
assert page.contains('<th>succeeded</th>\n<td>5</td>')
assert page.contains('<th>failed</th>\n<td>1</td>')
assert page.contains('<th>not run</th>\n<td>0</td>')
assert page =~ /<th>wall time<\/th>\n<td>\d+\.\d s<\/td>/
assert page.contains('<th>queue</th>\n<td>local')
assert page.contains('<h2>Failures by cause</h2>')
assert page.contains('<td>1</td>\n<td>java.lang.IllegalArgumentException</td>\n<td>x = 5 is refused</td>\n'
        + '<td>itask 4 (x=5)</td>'), page
assert new File(site, 'qmr-small.html').text.contains('None: every task succeeded.')

// the link works from the page: relative, to the copy of the map's own report
def href = (page =~ /<a href="([^"]+)">Full report \(report.html\)<\/a>/)[0][1]
assert !href.startsWith('/') && !href.contains(':')
def linked = new File(site, href)
assert linked.isFile()
assert linked.text == new File(basedir, 'target/qmr/cubes/report.html').text
assert linked.text.startsWith('<!DOCTYPE html>')

// the site ran no map: each execution's map ran once, in verify
def log = new File(basedir, 'build.log').text
assert log.count("qmr map 'cubes': example.Cube") == 1
assert log.count("qmr map 'small': example.Cube") == 1
assert log.contains('Generating "qmr results" report')
true
