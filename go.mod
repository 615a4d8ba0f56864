module github.com/kantakit/kanta

go 1.22

require (
	github.com/looplab/fsm v1.0.3
	github.com/rickar/cal/v2 v2.1.31
	github.com/shopspring/decimal v1.4.0
	github.com/stretchr/testify v1.11.1
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
)
