/**
 * The {@code outpost} command line, built on picocli.
 *
 * <p>In: arguments and the {@code --config} file every subcommand takes. Out: a running
 * {@link dev.outpost.Outpost} ({@code serve}) or text on stdout, problems on stderr, and the exit
 * codes documented on {@link dev.outpost.cli.Main}. It holds no logic of its own beyond wiring.
 */
package dev.outpost.cli;
