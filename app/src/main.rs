//! The `batayon` command: parse the command line, hand over to the library.

fn main() -> std::process::ExitCode {
    batayon::cli::main()
}
