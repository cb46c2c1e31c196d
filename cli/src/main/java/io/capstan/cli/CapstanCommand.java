package io.capstan.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code capstan} command. The {@code ./capstan} launcher runs it and handles {@code test}. */
@Command(
    name = "capstan",
    mixinStandardHelpOptions = true,
    version = "capstan 0.1.0-SNAPSHOT",
    description = "Runs a local one-node Capstan cluster.",
    subcommands = {
      InitCommand.class,
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      ImageCommand.class,
      CommandLine.HelpCommand.class
    })
public class CapstanCommand implements Runnable {

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      description =
          "The Capstan repository (default: $CAPSTAN_HOME, else the nearest directory upwards"
              + " holding the capstan launcher).")
  Path home;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Workspace workspace() {
    return Workspace.locate(home, System.getenv("CAPSTAN_HOME"), Path.of(""));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CapstanCommand()).execute(args));
  }
}
