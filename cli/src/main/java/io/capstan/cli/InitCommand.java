package io.capstan.cli;

import io.capstan.cli.cluster.HostNodeName;
import io.capstan.cli.pki.ClusterPki;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "init",
    description = "Creates the cluster CA and certificates in .capstan/pki (only what is missing).")
class InitCommand implements Callable<Integer> {

  @ParentCommand CapstanCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    run(parent.workspace(), spec.commandLine().getOut());
    return 0;
  }

  static void run(Workspace workspace, PrintWriter out) throws Exception {
    ClusterPki pki = new ClusterPki(workspace.pki(), HostNodeName.get());
    List<String> written = pki.ensure();
    if (written.isEmpty()) {
      out.println("PKI in " + pki.dir() + " is up to date.");
    } else {
      out.println("Wrote " + String.join(", ", written) + " to " + pki.dir());
    }
    out.flush();
  }
}
