<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>DataTexts</name>
    <message>
        <source>监察引擎未运行（从未运行）</source>
        <translation>SUPERVISION ENGINE NOT RUNNING (never ran)</translation>
    </message>
    <message>
        <source>监察引擎未运行（最后一次 {t}）</source>
        <translation>SUPERVISION ENGINE NOT RUNNING (last pass {t})</translation>
    </message>
</context>
<context>
    <name>EngineBanner</name>
    <message>
        <source>新的报警不会产生，请启动监察引擎</source>
        <translation>No new alarms are raised: start the supervision engine</translation>
    </message>
</context>
<context>
    <name>AlarmQueueView</name>
    <message>
        <source>：新的报警不会产生，请通知系统管理员启动监察引擎</source>
        <translation>: no new alarms are raised; ask the administrator to start the supervision engine</translation>
    </message>
</context>
</TS>
