// Three builds (invoker.properties): a shadowed property warns, a bare qmr:map lists the executions, a comma-for-';'
// sweep is refused naming -Dqmr.sweep.
def log = new File(basedir, 'build.log').text
assert log.contains("-Dqmr.queue=sge is ignored: the POM's <configuration> sets <queue>local</queue>, which Maven puts"
        + " before command-line properties.")
assert log.contains('Tasks: 4, Succeeded: 4, Failed: 0 (of 1 chunk on the local queue')
assert log.contains('<function> is not set')
assert log.contains('This project declares qmr:map in the execution sweep, whose configuration a bare mvn qmr:map'
        + ' does not use: run mvn qmr:map@sweep, or mvn verify to run it')
assert log.contains("-Dqmr.sweep beta has the value '0.1..0.5:0.1,gamma=0.05', which holds 'gamma=': parameters are"
        + " separated by ';', not ','; write e.g. -Dqmr.sweep=\"beta=0.1..0.5:0.1;gamma=0.05\"")
assert !log.contains('<sweepSpec>')
true
