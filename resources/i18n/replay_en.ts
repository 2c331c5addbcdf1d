<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>ReplayControl</name>
    <message>
        <source>回放时刻</source>
        <translation>Replay moment</translation>
    </message>
    <message>
        <source>回放</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>回到实时</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>回放时刻须早于现在</source>
        <translation>The moment must be in the past</translation>
    </message>
</context>
<context>
    <name>ReplayBanner</name>
    <message>
        <source>回放 {at}</source>
        <translation>REPLAY {at}</translation>
    </message>
    <message>
        <source>非实时：按当时已收到的数据，告警不提示</source>
        <translation>Not live: the data received by then; alarms are not announced</translation>
    </message>
</context>
<context>
    <name>AlarmQueueView</name>
    <message>
        <source>回放中不能确认告警：请先回到实时</source>
        <translation>Nothing is acknowledged in a replay: go back to live first</translation>
    </message>
    <message>
        <source>回放中只能查看：请先回到实时</source>
        <translation>A replay is for looking only: go back to live first</translation>
    </message>
</context>
<context>
    <name>AlarmQueueBar</name>
    <message>
        <source>回放中只能查看：请先回到实时</source>
        <translation>A replay is for looking only: go back to live first</translation>
    </message>
</context>
</TS>
