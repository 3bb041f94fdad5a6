module rightsizer/extension

go 1.19
