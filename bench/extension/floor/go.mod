module rightsizer/bench/floor

go 1.19
