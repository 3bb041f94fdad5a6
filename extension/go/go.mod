module rightsizer/extension

go 1.22
