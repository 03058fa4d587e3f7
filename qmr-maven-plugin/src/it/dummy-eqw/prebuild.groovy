// Installs qmr's fake Grid Engine where <queue>dummy</queue> will find it, and sends chunk 1 (array task 2) to Eqw
// on its next start, as a broken node would; the map must delete and resubmit it.
def jar = new File(localRepositoryPath, "io/github/qmr/qmr-dummy-sge/${qmrVersion}/qmr-dummy-sge-${qmrVersion}.jar")
def java = new File(System.getProperty('java.home'), 'bin/java').path
def dir = new File(basedir, 'target/qmr-work/dummy-sge').path
def run = { List<String> argv ->
    def out = new StringBuilder(), err = new StringBuilder()
    def p = argv.execute()
    p.consumeProcessOutput(out, err)
    p.waitForOrKill(60000)
    assert p.exitValue() == 0 : "${argv.join(' ')} failed:\n${out}${err}"
}
run([java, '-cp', jar.path, 'io.github.qmr.dummysge.DummyGridEngine', 'install', dir, '--slots', '2'])
run([dir + '/dummy-queue', 'eqw-task', '2', '1'])
true
