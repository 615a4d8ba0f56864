module github.com/kantakit/kanta

go 1.22
