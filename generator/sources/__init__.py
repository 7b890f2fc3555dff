"""Reading offices' documents (信息表, 清单 tables, 办事指南) into records, and importing them as YAML."""
