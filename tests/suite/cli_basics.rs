//! The command line as a person or a script uses it, with isolated config/data/state dirs.

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn maya(&self) -> Command {
        let mut cmd = Command::cargo_bin("maya").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("MAYA_CONFIG_DIR", self.dir.path().join("config"))
            .env("MAYA_DATA_DIR", self.dir.path().join("data"))
            .env("MAYA_STATE_DIR", self.dir.path().join("state"));
        cmd
    }

    fn config_file(&self) -> std::path::PathBuf {
        self.dir.path().join("config").join("config.toml")
    }
}

#[test]
fn help_and_version() {
    let home = Home::new();
    home.maya()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("MOK 5-ha").and(predicate::str::contains("menu")));
    home.maya()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "maya {}",
            env!("CARGO_PKG_VERSION")
        )));
}

#[test]
fn menu_table_is_grouped_and_aligned() {
    let home = Home::new();
    let out = home
        .maya()
        .arg("menu")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let cocktails = text.find("\nCocktails\n").expect("Cocktails heading");
    let beer = text.find("\nBeer\n").expect("Beer heading");
    let spirits = text
        .find("\nSpirits (neat or on the rocks)\n")
        .expect("Spirits heading");
    let soft = text
        .find("\nNon-alcoholic\n")
        .expect("Non-alcoholic heading");
    assert!(cocktails < beer && beer < spirits && spirits < soft);
    // Every item line puts its price in the same column.
    let price_columns: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains('$'))
        .map(|l| l.find('$').unwrap() + l[l.find('$').unwrap()..].find(' ').unwrap())
        .collect();
    assert_eq!(price_columns.len(), 20, "{text}");
    assert!(
        price_columns.windows(2).all(|w| w[0] == w[1]),
        "prices are not aligned:\n{text}"
    );
    assert!(text.contains("Martini") && text.contains("$13.00"));
    assert!(text.contains("\nModifiers\n") && text.contains("on the rocks"));
}

#[test]
fn menu_json_has_exact_prices() {
    let home = Home::new();
    let out = home
        .maya()
        .args(["menu", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let items: Vec<(String, i64)> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["price_cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(items.len(), 20);
    assert!(items.contains(&("Long Island".into(), 1200)));
    assert!(items.contains(&("Water".into(), 100)));
    assert_eq!(v["modifiers"].as_array().unwrap().len(), 11);
}

#[test]
fn a_custom_menu_from_config_and_its_errors() {
    let home = Home::new();
    let menu = home.dir.path().join("menu.toml");
    std::fs::write(&menu, "[[category]]\nid = \"tea\"\nname = \"Tea\"\n[[item]]\nname = \"Chai\"\ncategory = \"tea\"\nprice = \"$3.50\"\n").unwrap();
    home.maya()
        .args(["menu"])
        .env("MAYA_MENU", &menu)
        .assert()
        .success()
        .stdout(predicate::str::contains("Chai").and(predicate::str::contains("$3.50")));
    std::fs::write(&menu, "[[category]]\nid = \"tea\"\nname = \"Tea\"\n[[item]]\nname = \"Chai\"\ncategory = \"coffee\"\nprice = \"$3.50\"\n").unwrap();
    home.maya()
        .args(["menu"])
        .env("MAYA_MENU", &menu)
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 6").and(predicate::str::contains("coffee")));
}

#[test]
fn a_relative_menu_path_is_read_from_the_config_dir_and_a_missing_one_says_so() {
    let home = Home::new();
    let config_dir = home.dir.path().join("config");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(
        config_dir.join("my-menu.toml"),
        "[[category]]\nid = \"tea\"\nname = \"Tea\"\n[[item]]\nname = \"Chai\"\ncategory = \"tea\"\nprice = \"$3.50\"\n",
    )
    .unwrap();
    std::fs::write(home.config_file(), "menu = \"my-menu.toml\"\n").unwrap();
    // Started from elsewhere: the path is still the config dir's.
    home.maya()
        .current_dir(home.dir.path())
        .arg("menu")
        .assert()
        .success()
        .stdout(predicate::str::contains("Chai"));
    std::fs::write(home.config_file(), "menu = \"nowhere.toml\"\n").unwrap();
    let out = home
        .maya()
        .arg("menu")
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("nowhere.toml: cannot read the menu file"),
        "{err}"
    );
    assert!(!err.contains("line 0"), "{err}");
}

#[test]
fn config_path_init_and_show() {
    let home = Home::new();
    home.maya()
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", home.config_file().display()));
    home.maya()
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("no config file")
                .and(predicate::str::contains("kind = \"auto\"")),
        );
    home.maya().args(["config", "init"]).assert().success();
    let written = std::fs::read_to_string(home.config_file()).unwrap();
    assert_eq!(written, maya::assets::EXAMPLE_CONFIG);
    // Never overwrites.
    std::fs::write(home.config_file(), "[provider]\nkind = \"house\"\n").unwrap();
    home.maya()
        .args(["config", "init"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(home.config_file()).unwrap(),
        "[provider]\nkind = \"house\"\n"
    );
    // show reflects file < env < flags.
    home.maya()
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kind = \"house\""));
    home.maya()
        .args(["config", "show"])
        .env("MAYA_PROVIDER", "gemini")
        .assert()
        .success()
        .stdout(predicate::str::contains("kind = \"gemini\""));
    home.maya()
        .args(["--provider", "openai", "config", "show"])
        .env("MAYA_PROVIDER", "gemini")
        .assert()
        .success()
        .stdout(predicate::str::contains("kind = \"openai\""));
}

#[test]
fn a_broken_config_names_file_line_and_key() {
    let home = Home::new();
    std::fs::create_dir_all(home.config_file().parent().unwrap()).unwrap();
    std::fs::write(home.config_file(), "[ui]\ncolour = \"never\"\n").unwrap();
    home.maya().arg("menu").assert().failure().stderr(
        predicate::str::contains("config.toml")
            .and(predicate::str::contains("line 2"))
            .and(predicate::str::contains("colour")),
    );
}

#[test]
fn without_a_terminal_the_bar_points_at_maya_ask() {
    let home = Home::new();
    let out = home.maya().assert().failure().get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("maya ask"), "{err}");
    assert!(
        !err.contains("log"),
        "the log has nothing to add here: {err}"
    );
    assert!(out.stdout.is_empty());
}
