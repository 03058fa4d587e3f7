// A malformed sweep fails the build before anything runs, naming the parameter, the bad text and the fix.
def log = new File(basedir, 'build.log').text
assert log.contains("<sweep><alpha> range '0.5..2' has decimal ends but no step; add one, e.g. 0.5..2:0.1")
assert !new File(basedir, 'target/qmr-work').exists()
true
