fn main() {
    println!("maya {}", env!("CARGO_PKG_VERSION"));
}
