// -Dqmr.skip=true: the goal says so and does nothing, not even check its parameters.
def log = new File(basedir, 'build.log').text
assert log.contains('qmr:map is skipped (<skip> / -Dqmr.skip=true)')
assert !new File(basedir, 'target/qmr').exists()
true
