// Five builds (invoker.properties): a shadowed property warns, a bare qmr:map lists the executions, a comma-for-';'
// sweep is refused naming -Dqmr.sweep, a misspelt property warns and a decimal comma is refused, a repeated <sweep>
// parameter is refused.
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
assert log.contains('-Dqmr.queu is not a property of qmr and is ignored; did you mean -Dqmr.queue?')
assert log.contains("-Dqmr.sweep base range '5..4:0' has a step of zero; use a positive step, or a negative one to"
        + " count down. Is that a decimal comma? Commas separate values; write decimals with a point: 0.5..4:0.5")
assert log.contains("<sweep> gives <exponent> 2 times ('1..4', '5..8'); Maven would keep only the last. Give one"
        + " <exponent> with every value, e.g. <exponent>1..4,5..8</exponent>")
true
