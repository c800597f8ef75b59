//! A CSV edit writes with the file's own delimiter, even when blank lines or a title row
//! stand above the header (a comma guessed for a semicolon file would corrupt the record).

use assert_cmd::Command;

#[test]
fn set_keeps_the_semicolon_of_a_file_with_lines_above_its_header() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("poam.csv");
    std::fs::write(
        &file,
        "\n\nPOA&M ID;Control;Status;Owner\n1;3.1.3;Open;\n2;3.1.4;Open;Ann Lee\n",
    )
    .expect("fixture written");
    Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .arg("set")
        .arg(&file)
        .args(["1", "--owner", "Jane Roe"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&file).expect("file read"),
        "\n\nPOA&M ID;Control;Status;Owner\n1;3.1.3;Open;Jane Roe\n2;3.1.4;Open;Ann Lee\n"
    );
}
