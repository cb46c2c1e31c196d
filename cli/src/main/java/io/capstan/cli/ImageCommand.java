package io.capstan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "image",
    description = "Manages the images in the local cluster's Podman.",
    subcommands = {ImageImportCommand.class})
class ImageCommand implements Runnable {

  @ParentCommand CapstanCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
