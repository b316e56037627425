fn main() {
    fp8mac::emit::write_all(&fp8mac::emit::Config::default(), std::path::Path::new("/tmp/rtl")).unwrap();
}
