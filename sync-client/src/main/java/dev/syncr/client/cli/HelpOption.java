package dev.syncr.client.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for a subcommand, so {@code syncr get --help} shows usage before it checks for a missing
 * argument. Only help: {@code --version} is a file version in {@code get}, not the program's.
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
