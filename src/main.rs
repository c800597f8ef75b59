fn main() {
    std::process::exit(poam::cli_main());
}
